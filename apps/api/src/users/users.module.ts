import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuthModule], // LoginLockout: an admin's new password lifts a lockout
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
