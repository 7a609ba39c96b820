import { readFileSync } from "fs";
import * as path from "path";
import { EXAMPLE_SAML_METADATA_FILE } from "../../config/credential-passthrough";

/** The example IdP metadata: well-formed for synth, but rejected by IAM (tests only). */
export const EXAMPLE_SAML_METADATA = readFileSync(path.join(__dirname, "..", "..", EXAMPLE_SAML_METADATA_FILE), "utf8");

/** The config override that turns the passthrough stack on, with the example metadata inline. */
export const PASSTHROUGH_ENABLED = { credentialPassthrough: { enabled: true, samlMetadata: { document: EXAMPLE_SAML_METADATA } } } as const;
