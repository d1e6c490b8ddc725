export { type DkgInvitation, type DkgSection, DkgYaml, type DkgYamlLayout, type ProcessOutputs, type SuiNetwork } from './dkg-yaml.ts';
export { parseDkgKeyFile, serializeDkgKeyFile } from './dkg-key.ts';
export { keyServerConfigYaml, type KeyServerConfigInput, shareEnvName } from './key-server-config.ts';
export { aggregatorConfigYaml, type AggregatorConfigInput, type AggregatorCredential } from './aggregator-config.ts';
export { parseTxFile, serializeTxFile } from './tx-json.ts';
export { type KeyServerNetwork, yamlQuote } from './yaml-text.ts';
