import { z } from "zod";
import { validateExternalId, validateRoleName } from "../../modules/private/validation";
import { accountId, region } from "./general";
import { checkedString } from "./rules";

/** The role the data account's provider assumes when the config names neither a role nor a profile. */
export const DEFAULT_DATA_ACCOUNT_ROLE = "OrganizationAccountAccessRole";

/** The second AWS account (B): data, streams, or consumers, reached through an aliased provider. */
export const dataAccountSchema = z
  .strictObject({
    accountId: accountId("The second account (B).").default("444455556666"),
    region: region("Its region.").optional().describe("Its region. Unset: `region`."),
    assumeRoleName: checkedString(validateRoleName, "A role in that account the provider assumes.")
      .optional()
      .describe(`A role in that account the provider assumes. Unset (and no profile): ${DEFAULT_DATA_ACCOUNT_ROLE}. Not with profile.`),
    assumeRoleExternalId: checkedString(validateExternalId, "External ID of that role.")
      .optional()
      .describe("External ID for the assumed role, if it requires one. Not with profile."),
    profile: z
      .string()
      .min(1, { error: "must not be empty (leave it out to use assumeRoleName)" })
      .optional()
      .describe("A named AWS profile for that account instead of an assumed role. Not with assumeRoleName."),
  })
  .superRefine((data, ctx) => {
    if (data.profile === undefined) return;
    for (const field of ["assumeRoleName", "assumeRoleExternalId"] as const) {
      if (data[field] !== undefined) {
        ctx.addIssue({ code: "custom", path: [field], input: data[field], message: "must not be set with profile (the provider would ignore it): choose one" });
      }
    }
  })
  .transform((data) => (data.profile === undefined && data.assumeRoleName === undefined ? { ...data, assumeRoleName: DEFAULT_DATA_ACCOUNT_ROLE } : data))
  .prefault({})
  .describe("The second AWS account (B), reached through an aliased provider.");

export type DataAccountConfig = z.output<typeof dataAccountSchema>;
