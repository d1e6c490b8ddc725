export { type DkgInvitation, type DkgSection, DkgYaml, type DkgYamlLayout, type ProcessOutputs, type SuiNetwork } from './dkg-yaml.ts';
export { parseDkgKeyFile, serializeDkgKeyFile } from './dkg-key.ts';
