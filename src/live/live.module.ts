import { Module } from '@nestjs/common';

/** Wired by its owner; registered in AppModule. */
@Module({})
export class LiveModule {}
