import { Module } from '@nestjs/common';
import { runServiceMain } from './service-main';

describe('runServiceMain', () => {
  @Module({})
  class EmptyModule {}

  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('`migrate` runs the migrate function the service gave, and nothing else', async () => {
    const migrate = jest.fn().mockResolvedValue(undefined);
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    runServiceMain({ name: 'svc', defaultPort: 0, module: EmptyModule, migrate }, ['migrate']);
    await settle();
    expect(migrate).toHaveBeenCalledTimes(1);
    expect(exit).not.toHaveBeenCalled();
    exit.mockRestore();
  });

  it('refuses `migrate` for a service without a database, listing what it offers', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    runServiceMain({ name: 'gateway', defaultPort: 0, module: EmptyModule, commands: { 'issue-token': () => 'x' } }, ['migrate']);
    await settle();
    expect(error).toHaveBeenCalledWith('unknown command "migrate"; use: main.js (none: serve) | issue-token');
    expect(exit).toHaveBeenCalledWith(1);
    exit.mockRestore();
    error.mockRestore();
  });
});
