// Submissions as students hand them in: files in a subfolder an archive added, a misnamed file, nothing at all.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gradeLab } from '../../grader/engine';
import { loadLab } from '../../grader/labs';
import { render } from '../../grader/report';
import { locateFiles } from '../../grader/submission-files';
import { labsDir } from './helpers';

describe('submission files', function () {
  this.timeout(120_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-subs-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const solution = path.join(labsDir, '02-tcp-echo', 'solution', 'echo_server.c');
  const put = (rel: string): string => {
    const file = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(solution, file);
    return file;
  };

  it('finds the files in the one subfolder that holds them, and says so', () => {
    put('ada/lab2/echo_server.c');
    const r = locateFiles(path.join(tmp, 'ada'), ['echo_server.c']);
    assert.deepStrictEqual(r, { ok: true, dir: path.join(tmp, 'ada', 'lab2'), note: 'The files were in the subfolder lab2/, graded from there.' });
  });

  it('names the file it expected and the files it found when a file is misnamed', () => {
    put('bob/server.c');
    const r = locateFiles(path.join(tmp, 'bob'), ['echo_server.c']);
    assert.deepStrictEqual(r, { ok: false, problem: 'expected the file echo_server.c at the top of the submission; it has server.c: rename or move the file to the name the lab gives' });
    const empty = path.join(tmp, 'eve');
    fs.mkdirSync(empty);
    assert.match((locateFiles(empty, ['echo_server.c']) as { problem: string }).problem, /the folder has no source files/);
  });

  it('grades a nested submission in full, and reports a misnamed one with what was found', async () => {
    const lab = loadLab(path.join(labsDir, '02-tcp-echo'));
    const nested = await gradeLab(lab, path.join(tmp, 'ada'));
    assert.strictEqual(nested.passed, true, render('text', [nested]));
    assert.ok(nested.notes.some((n) => n.includes('subfolder lab2/')));
    const wrong = await gradeLab(lab, path.join(tmp, 'bob'));
    assert.strictEqual(wrong.compile.missingFiles, true);
    const text = render('text', [wrong]);
    assert.ok(!text.includes('did not compile'), text);
    assert.match(text, /expected the file echo_server\.c at the top of the submission; it has server\.c/);
  });
});
