import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { FerriesService, Sailing } from './ferries.service';

@Controller('sailings')
export class FerriesController {
  constructor(private readonly ferries: FerriesService) {}

  @Get()
  all(): Sailing[] {
    return this.ferries.all();
  }

  @Get(':id')
  one(@Param('id', ParseIntPipe) id: number): Sailing {
    return this.ferries.one(id);
  }
}
