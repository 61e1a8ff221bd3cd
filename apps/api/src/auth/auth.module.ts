import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../../../../libs/config/config.js';
import { APP_CONFIG } from '../tokens.js';
import { ActorCache } from './actor-cache.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { AuthThrottlerGuard, throttlerOptions } from './auth-throttler.guard.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { LoginLockout } from './login-lockout.service.js';
import { RolesGuard } from './roles.guard.js';

/** Login, tokens, the two global guards (AppModule installs them, APP_GUARD), throttling and lockout. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject made once: given the string, jsonwebtoken builds one on every verification,
        // which was a tenth of the API's CPU per request (npm run bench, profiled).
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.auth.tokenTtlSeconds },
        // maxAge: `iat` is required and a token is never honoured longer than the configured
        // lifetime, whatever its `exp` says (JwtAuthGuard also requires `exp`).
        verifyOptions: { algorithms: ['HS256'], maxAge: config.auth.tokenTtlSeconds },
      }),
    }),
    // Global module: its storage also counts refused requests (audit/denied-requests.filter.ts).
    ThrottlerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: throttlerOptions }),
  ],
  controllers: [AuthController],
  providers: [AuthService, ActorCache, JwtAuthGuard, RolesGuard, LoginLockout, AuthThrottlerGuard],
  exports: [AuthService, ActorCache, JwtAuthGuard, RolesGuard, JwtModule, LoginLockout],
})
export class AuthModule {}
