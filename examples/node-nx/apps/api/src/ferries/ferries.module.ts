import { Module } from '@nestjs/common';
import { FerriesController } from './ferries.controller';
import { FerriesService } from './ferries.service';

@Module({
  controllers: [FerriesController],
  providers: [FerriesService],
})
export class FerriesModule {}
