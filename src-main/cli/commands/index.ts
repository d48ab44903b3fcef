// Every `netweaver` subcommand, in the order --help lists them. One line per command.
import type { Command } from '../command.js';
import { infoCommand } from './info.js';
import { serveCommand } from './serve.js';
import { simCommand } from './sim.js';

export const commands: Command[] = [serveCommand, infoCommand, simCommand];
