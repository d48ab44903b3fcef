// Every `netweaver` subcommand, in the order --help lists them. One line per command.
import type { Command } from '../command.js';
import { collectCommand } from './collect.js';
import { detectCommand } from './detect.js';
import { exportersCommand } from './exporters.js';
import { queryCommand } from './query.js';
import { forecastCommand } from './forecast.js';
import { infoCommand } from './info.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';
import { trainCommand } from './train.js';

export const commands: Command[] = [serveCommand, infoCommand, collectCommand, queryCommand, exportersCommand, trainCommand, forecastCommand, detectCommand, reportCommand];
