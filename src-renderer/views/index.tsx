// Which component draws each area. Areas not listed here show their intro.
import type { ComponentType } from 'react';
import { CapturesView } from './CapturesView.js';
import { CollectorView } from './CollectorView.js';
import { FlowsView } from './FlowsView.js';
import { ForecastView } from './ForecastView.js';
import { ReportsView } from './ReportsView.js';
import { SimulateView } from './SimulateView.js';
import { TopologyView } from './TopologyView.js';
import { WhatIfView } from './WhatIfView.js';

export interface ViewProps {
  params: URLSearchParams;
  navigate(view: string, params?: Record<string, string>): void;
  theme: 'light' | 'dark';
}

export const views: Record<string, ComponentType<ViewProps>> = {
  topology: TopologyView,
  flows: FlowsView,
  forecast: ForecastView,
  reports: ReportsView,
  whatif: WhatIfView,
  simulate: SimulateView,
  collector: CollectorView,
  captures: CapturesView,
};
