// Every `netweaver` subcommand, in the order --help lists them. One line per command.
import type { Command } from '../command.js';
import { infoCommand } from './info.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';

export const commands: Command[] = [serveCommand, infoCommand, reportCommand];
