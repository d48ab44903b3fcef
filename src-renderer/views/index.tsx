// Which component draws each area. Areas not listed here show their intro.
import type { ComponentType } from 'react';

export interface ViewProps {
  params: URLSearchParams;
  navigate(view: string, params?: Record<string, string>): void;
}

export const views: Record<string, ComponentType<ViewProps>> = {};
