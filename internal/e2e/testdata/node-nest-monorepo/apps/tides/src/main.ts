import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HarbourClock } from '@app/shared';
import { TidesController } from './tides.controller';

@Module({ controllers: [TidesController], providers: [HarbourClock] })
class TidesModule {}

const port = process.env.PORT ?? 3000;
void NestFactory.create(TidesModule)
  .then((app) => app.listen(port))
  .then(() => console.log(`tides listening on port ${port} as uid ${process.getuid?.()}`));
