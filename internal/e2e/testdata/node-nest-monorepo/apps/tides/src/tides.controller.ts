import { Controller, Get } from '@nestjs/common';
import { HarbourClock } from '@app/shared';

@Controller('tides')
export class TidesController {
  constructor(private readonly clock: HarbourClock) {}

  @Get()
  next() {
    return { app: 'tides', harbour: this.clock.harbour, highWater: this.clock.nextHighWater() };
  }
}
