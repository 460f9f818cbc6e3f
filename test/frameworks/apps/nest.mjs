// The matrix's routes on NestJS, on the platform NEST_PLATFORM names (express or fastify). Plain
// JavaScript: the decorators are applied by hand, as TypeScript's compiled output does.
import 'reflect-metadata';
import { Body, Controller, Get, HttpException, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

function method(decorators, target, key) {
  Reflect.decorate(decorators, target.prototype, key, Object.getOwnPropertyDescriptor(target.prototype, key));
}
function params(target, key, ...decorators) {
  decorators.forEach((decorate, index) => decorate(target.prototype, key, index));
}

class ItemsController {
  find(id, q) {
    return { id, q: q ?? null };
  }
  change(id, body) {
    return { id, received: typeof body?.q };
  }
}
Reflect.decorate([Controller('items')], ItemsController);
method([Get(':id')], ItemsController, 'find');
params(ItemsController, 'find', Param('id'), Query('q'));
method([Post(':id')], ItemsController, 'change');
params(ItemsController, 'change', Param('id'), Body());

class AccessController {
  admin() {
    throw new HttpException({ error: 'forbidden' }, 403);
  }
  login() {
    throw new HttpException({ error: 'bad credentials' }, 401);
  }
}
Reflect.decorate([Controller()], AccessController);
method([Get('admin/:section')], AccessController, 'admin');
method([Post('login')], AccessController, 'login');

class AppModule {}
Reflect.decorate([Module({ controllers: [ItemsController, AccessController] })], AppModule);

const platform = process.env.NEST_PLATFORM ?? 'express';
let adapter;
if (platform === 'fastify') {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  adapter = new FastifyAdapter();
} else {
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  adapter = new ExpressAdapter();
}
const app = await NestFactory.create(AppModule, adapter, { logger: false });
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
console.log(`nest-${platform} listening on http://127.0.0.1:${app.getHttpServer().address().port}`);
