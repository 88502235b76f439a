import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HarbourClock } from '@app/shared';

@Controller()
class BoardController {
  constructor(private readonly clock: HarbourClock) {}

  @Get()
  board() {
    return { app: 'harbour', harbour: this.clock.harbour };
  }
}

@Module({ controllers: [BoardController], providers: [HarbourClock] })
class HarbourModule {}

// The default application: `nest build` and start:prod build and run it.
void NestFactory.create(HarbourModule).then((app) => app.listen(process.env.PORT ?? 3000));
