// Which component draws each area. Areas not listed here show their intro.
import type { ComponentType } from 'react';
import { TopologyView } from './TopologyView.js';

export interface ViewProps {
  params: URLSearchParams;
  navigate(view: string, params?: Record<string, string>): void;
  theme: 'light' | 'dark';
}

export const views: Record<string, ComponentType<ViewProps>> = {
  topology: TopologyView,
};
