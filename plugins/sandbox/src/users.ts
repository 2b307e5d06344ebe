import { createHash } from 'node:crypto';

/** The name the consent page suggests. */
export const DEFAULT_ACCOUNT_NAME = 'Sandbox User';

/** Longest account name the consent page accepts. */
export const MAX_ACCOUNT_NAME_LENGTH = 80;

/** A made-up person; everything about them follows from the name typed on the consent page. */
export interface SandboxUser {
  id: string;
  name: string;
  email: string;
}

/** The user for an account name: the same name always gives the same id, in every process. */
export function userFromName(name: string): SandboxUser {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(name.normalize('NFC')).digest('hex').slice(0, 8);
  const id = `${slug || 'user'}-${hash}`;
  return { id, name, email: `${id}@sandbox.invalid` };
}
