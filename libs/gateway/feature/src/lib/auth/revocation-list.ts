import { readFileSync, statSync } from 'node:fs';

/**
 * Token ids (`jti`) refused before their expiry. The gateway keeps no state, so the list is configuration:
 * AUTH_REVOKED_TOKEN_IDS (comma-separated) and/or AUTH_REVOCATION_FILE (one jti per line, `#` comments), which is
 * re-read whenever it changes, so a revocation takes effect without a restart. Entries may be dropped once the
 * token would have expired anyway (AUTH_TOKEN_MAX_TTL after it was issued).
 */
export class RevocationList {
  private fromFile = new Set<string>();
  private fileVersion = '';

  constructor(
    private readonly fixed: ReadonlySet<string>,
    private readonly file?: string,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): RevocationList {
    const ids = (env['AUTH_REVOKED_TOKEN_IDS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return new RevocationList(new Set(ids), env['AUTH_REVOCATION_FILE'] || undefined);
  }

  isRevoked(jti: string): boolean {
    return this.fixed.has(jti) || this.currentFile().has(jti);
  }

  private currentFile(): ReadonlySet<string> {
    if (!this.file) return this.fromFile;
    // A missing or unreadable file is an error, not an empty list: fail closed.
    const stat = statSync(this.file);
    const version = `${stat.mtimeMs}:${stat.size}`;
    if (version !== this.fileVersion) {
      const lines = readFileSync(this.file, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim());
      this.fromFile = new Set(lines.filter(Boolean));
      this.fileVersion = version;
    }
    return this.fromFile;
  }
}
