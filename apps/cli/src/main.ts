#!/usr/bin/env bun
/** `polymancer <command>`: the one entry point for people and operators. */
import { isPolymancerError } from '@polymancer/core';
import { auditVerifyCommand, auditVerifyHelp } from './commands/audit-verify.ts';
import { migrateCommand, migrateHelp } from './commands/migrate.ts';
import { breakersCommand, breakersHelp, closeAllPositionsCommand, closeAllPositionsHelp, emergencyStopCommand, emergencyStopHelp, freezeCommand, freezeHelp, resumeBreakerCommand, resumeBreakerHelp, resumeTradingHelp } from './commands/safety.ts';
import { simCommand, simHelp } from './commands/sim.ts';
import { startCommand, startHelp } from './commands/start.ts';

const usage = `Usage: polymancer <command> [options]

Commands:
  start          API + worker (+ local exchange) in one process, on embedded defaults
  migrate        apply database migrations
  audit verify   verify the tamper-evident audit chain
  sim            the local Polymarket exchange alone
  freeze         freeze a user's trading (operators)          resume-trading   lift it
  emergency-stop emergency-stop a bot (operators)
  close-all-positions  emergency-stop a bot and sell all its holdings at market (operators)
  breakers       list the live-trading circuit breakers       resume-breaker   resume one

Run 'polymancer <command> --help' for a command's options. Configuration is read from the
environment; see the README's configuration table.`;

interface Command {
  readonly help: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  start: { help: startHelp, run: (args) => startCommand(args) },
  migrate: { help: migrateHelp, run: () => migrateCommand() },
  'audit verify': { help: auditVerifyHelp, run: () => auditVerifyCommand() },
  sim: { help: simHelp, run: (args) => simCommand(args) },
  freeze: { help: freezeHelp, run: (args) => freezeCommand(args, true) },
  'resume-trading': { help: resumeTradingHelp, run: (args) => freezeCommand(args, false) },
  'emergency-stop': { help: emergencyStopHelp, run: (args) => emergencyStopCommand(args) },
  'close-all-positions': { help: closeAllPositionsHelp, run: (args) => closeAllPositionsCommand(args) },
  breakers: { help: breakersHelp, run: () => breakersCommand() },
  'resume-breaker': { help: resumeBreakerHelp, run: (args) => resumeBreakerCommand(args) },
};

async function main(argv: string[]): Promise<number> {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = [words.slice(0, 2).join(' '), words[0] ?? ''].find((n) => n in commands);
  if (name === undefined) {
    if (words.length === 0 && (wantsHelp || argv.length === 0)) {
      console.log(usage);
      return 0;
    }
    const given = words.length > 0 ? `unknown command '${words.join(' ')}'` : `unknown option '${argv[0]}'`;
    console.error(`polymancer: ${given}\n\n${usage}`);
    return 2;
  }
  const command = commands[name]!;
  if (wantsHelp) {
    console.log(command.help);
    return 0;
  }
  const rest = argv.slice(argv.indexOf(name.split(' ').at(-1)!) + 1);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (error: unknown) => {
    if (isPolymancerError(error)) console.error(`${error.code}: ${error.message}`);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
