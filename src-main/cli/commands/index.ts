// Every `netweaver` subcommand, in the order --help lists them. One line per command.
import type { Command } from '../command.js';
import { collectCommand } from './collect.js';
import { detectCommand } from './detect.js';
import { exportersCommand } from './exporters.js';
import { forecastCommand } from './forecast.js';
import { importCommand } from './import.js';
import { importOnnxCommand } from './import-onnx.js';
import { infoCommand } from './info.js';
import { optimizeCommand } from './optimize.js';
import { queryCommand } from './query.js';
import { reportCommand } from './report.js';
import { routeCommand } from './route.js';
import { serveCommand } from './serve.js';
import { settingsCommand } from './settings.js';
import { simCommand } from './sim.js';
import { sweepCommand } from './sweep.js';
import { topoCommand } from './topo.js';
import { trainCommand } from './train.js';
import { whatifCommand } from './whatif.js';

export const commands: Command[] = [
  serveCommand,
  infoCommand,
  collectCommand,
  importCommand,
  queryCommand,
  exportersCommand,
  topoCommand,
  routeCommand,
  whatifCommand,
  sweepCommand,
  optimizeCommand,
  simCommand,
  trainCommand,
  forecastCommand,
  detectCommand,
  importOnnxCommand,
  reportCommand,
  settingsCommand,
];
