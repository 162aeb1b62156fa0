// Not Linux: the tracer says so clearly instead of failing to load (the extension suggests WSL or Remote).
import * as assert from 'assert';
import { TraceError } from '../../common/errors';
import { explain } from '../../cli/messages';

describe('platform check', function () {
  it('on a host that is not Linux, binding() throws notLinux and the message says where to run', function () {
    const real = Object.getOwnPropertyDescriptor(process, 'platform')!;
    const id = require.resolve('../../native/index');
    delete require.cache[id];
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      // required here, not imported: the module must load after process.platform is replaced
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { binding } = require('../../native/index') as typeof import('../../native/index');
      assert.throws(() => binding(), (e: unknown) => TraceError.is(e, 'notLinux') && /darwin/.test((e as Error).message));
      try {
        binding();
      } catch (e) {
        assert.match(explain(e as TraceError), /WSL/);
      }
    } finally {
      Object.defineProperty(process, 'platform', real);
      delete require.cache[id];
    }
  });
});
