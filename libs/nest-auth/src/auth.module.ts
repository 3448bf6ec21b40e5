import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';
import { ServiceCredentials } from './service-credentials';
import { AccessTokenVerifier } from './token-verifier';

@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        { provide: AccessTokenVerifier, useValue: new AccessTokenVerifier(settings) },
        { provide: APP_GUARD, useClass: AuthGuard },
        ServiceCredentials,
      ],
      exports: [AUTH_SETTINGS, ServiceCredentials, AccessTokenVerifier],
    };
  }
}
