import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FerriesModule } from './ferries/ferries.module';

async function bootstrap() {
  const app = await NestFactory.create(FerriesModule);
  app.setGlobalPrefix('api');
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  Logger.log(`timetable on port ${port}`);
}

bootstrap();
