// `npm run admin -- api-key …`: API keys from the server's shell. The key prints once, to the
// terminal only; the store keeps its hash.
import { parseArgs } from 'node:util';
import { attachOptionValues } from '../cli-args.js';
import { badRequest, notFound, PracticeError } from '../practice/errors.js';
import type { PracticeServices } from '../practice/services.js';
import { ApiKeyStore } from '../store/api-keys.js';
import { ApiKeyService } from './api-key-service.js';

export const API_KEY_USAGE = `  npm run admin -- api-key create --name N --scope read|read-write   a key for another system (printed once)
  npm run admin -- api-key list                                 every key, its scope and when it was last used
  npm run admin -- api-key revoke --id ID                       the key stops working at once`;

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());

export async function runApiKeyCommand(s: PracticeServices, argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  const options = { name: { type: 'string' }, scope: { type: 'string' }, id: { type: 'string' } } as const;
  const { values } = parseArgs({ args: attachOptionValues(rest, Object.keys(options)), options });
  const keys = new ApiKeyService(new ApiKeyStore(s.db), s.now);
  switch (command) {
    case 'create': {
      const name = values.name?.trim();
      if (!name || name.length > 80) throw badRequest('api-key create needs --name (at most 80 characters)');
      if (values.scope !== 'read' && values.scope !== 'read-write')
        throw badRequest('api-key create needs --scope read or --scope read-write');
      const { key, secret } = await keys.create(name, values.scope, null);
      await s.audit.record({ event: `api key created: ${key.id}` }, s.now());
      return `API key ${key.id} (${key.scope}) created. Copy it now; it is not shown again:\n  ${secret}\n`;
    }
    case 'list':
      return (await keys.list())
        .map(
          (k) => `${k.id}  ${k.scope.padEnd(10)} …${k.hint}  last used ${when(k.lastUsedAt)}${k.revokedAt ? '  revoked' : ''}  ${k.name}\n`,
        )
        .join('');
    case 'revoke': {
      if (!values.id) throw badRequest('api-key revoke needs --id');
      if (!(await keys.revoke(values.id))) throw notFound('API key (or it was revoked already)');
      await s.audit.record({ event: `api key revoked: ${values.id}` }, s.now());
      return `API key ${values.id} revoked.\n`;
    }
    default:
      throw new PracticeError(400, 'usage', `usage:\n${API_KEY_USAGE}`);
  }
}
