// class-transformer keeps its @Type metadata in a module it does not type; the JSON Schema generator
// needs it to follow nested classes (see json-schema.ts).
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
