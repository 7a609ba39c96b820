// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...) and, through the import, their typings.
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
Testing.setupJest();
