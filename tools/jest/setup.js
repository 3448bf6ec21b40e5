// Decorator metadata (NestJS, class-validator, TypeORM) needs the polyfill before any decorated class loads.
require('reflect-metadata');
