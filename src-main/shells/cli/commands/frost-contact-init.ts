import { ADDRESS_BOOK_TITLE } from '../../../core/ceremonies/frost/index.ts';
import { CeremonyError } from '../../../core/errors.ts';
import { FROST_FACT } from '../../../../src-shared/ceremonies/frost.ts';
import type { Command } from '../command.ts';
import { CREATE_VAULT_OPTION, findAddressBook, frostCore, requireString } from './frost-cli-core.ts';

/** `ceremony frost contact init --name NAME`: this install's frost-client communication key. */
export const frostContactInitCommand: Command = {
  usage: '--name NAME [--create-vault] [--json]',
  description:
    'Like `frost-client init`, but the private key goes into the vault instead of a plain file. Give the printed zffrost1… contact string to the other members and read them the fingerprint.',
  options: { name: { type: 'string' }, ...CREATE_VAULT_OPTION },
  async run(ctx) {
    const name = requireString(ctx, 'name', 'the name the other members know you by');
    const core = await frostCore(ctx);
    try {
      const existing = findAddressBook(core);
      if (existing) {
        const fp = core.engine.view(existing).facts.find((f) => f.label === FROST_FACT.contactFingerprint)?.value;
        throw new CeremonyError(
          'frost/contacts-exist',
          `You already have a communication key (fingerprint ${fp}); \`ceremony frost contact export\` prints its contact string.`,
          { id: existing },
        );
      }
      const v = await core.engine.create('frost', ADDRESS_BOOK_TITLE, false, { mode: 'contacts', name });
      const contact = v.facts.find((f) => f.label === FROST_FACT.contactString)!.value;
      const fingerprint = v.facts.find((f) => f.label === FROST_FACT.contactFingerprint)!.value;
      return {
        data: { id: v.id, name, contact, fingerprint },
        text: [
          `Your contact string (give it to the other members):`,
          contact,
          '',
          `Fingerprint (read it out when you hand it over): ${fingerprint}`,
        ].join('\n'),
      };
    } finally {
      await core.close();
    }
  },
};
