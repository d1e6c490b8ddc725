import { contactFingerprint, decodeContact } from '../../../core/formats/frost/contact.ts';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { findAddressBook, frostCore } from './frost-cli-core.ts';

/** `ceremony frost contact import <zffrost1…>`: add another member's contact. */
export const frostContactImportCommand: Command = {
  usage: '<zffrost1…> [--json]',
  description: 'Compare the printed fingerprint with the person who gave you the string before relying on it.',
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const contact = decodeContact(ctx.args[0]!.trim());
    const core = await frostCore(ctx);
    try {
      const id = findAddressBook(core);
      if (!id)
        throw new CeremonyError(
          'frost/no-contacts',
          'You have no communication key yet: run `ceremony frost contact init --name NAME` first.',
        );
      await core.engine.act(id, 'contact-import', { contact: ctx.args[0]!.trim() });
      const fingerprint = contactFingerprint(contact.publicKey);
      return {
        data: { name: contact.name, fingerprint, publicKey: Buffer.from(contact.publicKey).toString('hex') },
        text: `Imported ${contact.name}. Fingerprint ${fingerprint}: compare it with ${contact.name}.`,
      };
    } finally {
      await core.close();
    }
  },
};
