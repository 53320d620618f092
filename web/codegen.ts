import { appCodegenConfig } from '@tiketi/schema/src/app-codegen.ts';

export default appCodegenConfig();
