import { join } from 'node:path';
import { childEnv } from './child-env';
import { freePort } from './free-port';
import { runChecked, runCommand } from './run-command';

/** The suite's own SMTP catcher (infra/smtp/start.sh on free ports, mailbox in the run folder). */
export class MailCatcherProcess {
  private constructor(
    private readonly root: string,
    readonly port: number,
    readonly mailboxDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(root: string, runDir: string): Promise<MailCatcherProcess> {
    const port = await freePort('SMTP');
    const webPort = await freePort('SMTP web');
    const mailboxDir = join(runDir, 'mailbox');
    const env = childEnv({
      FAULTS_RUN_DIR: runDir,
      DATA_DIR: runDir,
      SMTP_PORT: String(port),
      SMTP_WEB_PORT: String(webPort),
      MAILBOX_DIR: mailboxDir,
      SMTP_RUN_DIR: join(runDir, 'smtp'),
    });
    await runChecked('bash', [join(root, 'infra/smtp/start.sh')], { env, cwd: root, timeoutMs: 90_000 });
    return new MailCatcherProcess(root, port, mailboxDir, env);
  }

  async stop(): Promise<void> {
    await runCommand('bash', [join(this.root, 'infra/smtp/stop.sh')], { env: this.env, cwd: this.root, timeoutMs: 30_000 });
  }
}
