import { AnnotationMetadataEntryType, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";

/**
 * The warning annotations on a construct once its stack is synthesized (library warnings become
 * annotations at synthesis, after acknowledgements are known).
 */
export function warningsOf(construct: IConstruct): string[] {
  return annotationsOf(construct, AnnotationMetadataEntryType.WARN);
}

/** The info annotations on a construct once its stack is synthesized. */
export function infosOf(construct: IConstruct): string[] {
  return annotationsOf(construct, AnnotationMetadataEntryType.INFO);
}

function annotationsOf(construct: IConstruct, type: AnnotationMetadataEntryType): string[] {
  Testing.synth(TerraformStack.of(construct));
  return construct.node.metadata.filter((m) => m.type === type).map((m) => String(m.data));
}
