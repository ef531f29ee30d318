import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The module-boundary rules only bind projects that carry tags, and only if the lint config really
 * enforces them: this checks both, so a new project cannot slip past the architecture unnoticed.
 */
const ROOT = join(__dirname, '../..');

interface Project {
  name: string;
  root: string;
  tags: string[];
}

function findProjects(dir: string, found: Project[] = []): Project[] {
  for (const entry of readdirSync(dir)) {
    if (['node_modules', 'dist', '.nx', '.data', '.git', 'tmp'].includes(entry)) continue;
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    try {
      const project = JSON.parse(readFileSync(join(path, 'project.json'), 'utf8')) as { name: string; tags?: string[] };
      found.push({ name: project.name, root: relative(ROOT, path), tags: project.tags ?? [] });
    } catch {
      // not a project folder
    }
    findProjects(path, found);
  }
  return found;
}

const projects = findProjects(ROOT);

describe('module boundaries', () => {
  it('finds the projects', () => {
    expect(projects.map((p) => p.name)).toEqual(expect.arrayContaining(['gateway', 'intake', 'notification', 'contracts', 'messaging']));
  });

  it.each(projects.map((p) => [p.name, p.tags] as const))('%s has exactly one scope:* and one type:* tag', (_name, tags) => {
    expect(tags.filter((t) => t.startsWith('scope:'))).toHaveLength(1);
    expect(tags.filter((t) => t.startsWith('type:'))).toHaveLength(1);
  });

  it('domain libraries live under libs/<service>/domain and are tagged type:domain', () => {
    for (const p of projects.filter((p) => p.root.endsWith('/domain'))) expect(p.tags).toContain('type:domain');
  });

  describe('the lint rule', () => {
    // The real ESLint CLI with the workspace config, linting the text as if it were that file.
    const boundaryErrors = async (file: string, code: string): Promise<string[]> => {
      const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], {
        cwd: ROOT,
        input: code,
        encoding: 'utf8',
      });
      if (!run.stdout) throw new Error(`eslint produced no report: ${run.stderr}`);
      const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
      return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
    };

    it('refuses framework imports in a domain library', async () => {
      const errors = await boundaryErrors('libs/notification/domain/src/lib/welcome-message.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n");
      expect(errors.join('\n')).toMatch(/type:domain.*@nestjs\/common/);
    });

    it("refuses one service importing another service's libraries", async () => {
      const errors = await boundaryErrors('libs/notification/feature/src/lib/notification.module.ts', "import { IntakeModule } from '@massage/intake-feature';\nexport const x = IntakeModule;\n");
      expect(errors.join('\n')).toMatch(/scope:notification/);
    });

    it("refuses the gateway importing a service's domain", async () => {
      const errors = await boundaryErrors('libs/gateway/feature/src/lib/gateway.module.ts', "import * as d from '@massage/intake-domain';\nexport const x = d;\n");
      expect(errors.join('\n')).toMatch(/scope:gateway/);
    });

    it("lets the gateway use a service's published API types", async () => {
      const errors = await boundaryErrors('libs/gateway/feature/src/lib/gateway.module.ts', "import { INTAKE_ROUTES } from '@massage/intake-api';\nexport const x = INTAKE_ROUTES;\n");
      expect(errors).toEqual([]);
    });
  });
});
