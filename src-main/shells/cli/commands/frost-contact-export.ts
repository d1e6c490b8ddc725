import { CeremonyError } from '../../../core/errors.ts';
import { FROST_FACT } from '../../../../src-shared/ceremonies/frost.ts';
import type { Command } from '../command.ts';
import { findAddressBook, frostCore } from './frost-cli-core.ts';

/** `ceremony frost contact export`: your contact string and fingerprint (public). */
export const frostContactExportCommand: Command = {
  usage: '[--json]',
  async run(ctx) {
    const core = await frostCore(ctx);
    try {
      const id = findAddressBook(core);
      if (!id)
        throw new CeremonyError(
          'frost/no-contacts',
          'You have no communication key yet: run `ceremony frost contact init --name NAME` first.',
        );
      const v = core.engine.view(id);
      const get = (label: string) => v.facts.find((f) => f.label === label)!.value;
      const data = {
        name: get('Your name'),
        contact: get(FROST_FACT.contactString),
        fingerprint: get(FROST_FACT.contactFingerprint),
        publicKey: get('Communication public key'),
        contacts: v.participants.filter((p) => !p.tags.includes('you')).map((p) => ({ name: p.label, status: p.status })),
      };
      return {
        data,
        text: [
          data.contact,
          '',
          `Name: ${data.name}`,
          `Fingerprint: ${data.fingerprint}`,
          `Contacts: ${data.contacts.length ? data.contacts.map((c) => `${c.name} (${c.status.toLowerCase()})`).join(', ') : 'none yet'}`,
        ].join('\n'),
      };
    } finally {
      await core.close();
    }
  },
};
