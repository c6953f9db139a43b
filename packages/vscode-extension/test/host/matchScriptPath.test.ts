import { strict as assert } from 'node:assert';
import { matchScriptPath, normalizePath, workspaceRelativePath } from '../../src/host/matchScriptPath.js';

describe('matchScriptPath', () => {
  const posix = {
    file: '/home/ana/proj/jobs/slow_growing.py',
    workspaceFolders: ['/home/ana/proj'],
    ignoreCase: false,
  };

  it('matches the same absolute path', () => {
    assert.deepEqual(matchScriptPath(['/home/ana/proj/jobs/slow_growing.py'], posix), [
      { scriptPath: '/home/ana/proj/jobs/slow_growing.py', kind: 'absolute' },
    ]);
  });

  it('matches workspace-relative paths however they are written (./, doubled or back slashes)', () => {
    const candidates = [
      'jobs/slow_growing.py',
      './jobs/slow_growing.py',
      'jobs//slow_growing.py',
      'jobs\\slow_growing.py',
    ];
    assert.deepEqual(
      matchScriptPath(candidates, posix).map((m) => m.kind),
      ['workspace', 'workspace', 'workspace', 'workspace'],
    );
  });

  it('matches a bare file name, recorded by a run inside the script folder', () => {
    assert.deepEqual(matchScriptPath(['slow_growing.py'], posix), [{ scriptPath: 'slow_growing.py', kind: 'name' }]);
  });

  it('matches an absolute path from another machine by its trailing workspace-relative segments', () => {
    assert.deepEqual(matchScriptPath(['/srv/ci/checkout/jobs/slow_growing.py'], posix), [
      { scriptPath: '/srv/ci/checkout/jobs/slow_growing.py', kind: 'suffix' },
    ]);
  });

  it('ranks absolute, then workspace-relative, then suffix, then bare name, keeping the given order within a rank', () => {
    const candidates = [
      'slow_growing.py',
      '/srv/ci/checkout/jobs/slow_growing.py',
      'jobs/slow_growing.py',
      '/home/ana/proj/jobs/slow_growing.py',
      './jobs/slow_growing.py',
    ];
    assert.deepEqual(
      matchScriptPath(candidates, posix).map((m) => m.scriptPath),
      [
        '/home/ana/proj/jobs/slow_growing.py',
        'jobs/slow_growing.py',
        './jobs/slow_growing.py',
        '/srv/ci/checkout/jobs/slow_growing.py',
        'slow_growing.py',
      ],
    );
  });

  it('does not match other scripts with the same name in other folders, or near names', () => {
    const candidates = [
      'other/slow_growing.py',
      '/home/ana/proj/other/slow_growing.py',
      'slow_growing.pyc',
      'jobs/slow_growing.py.bak',
      '../jobs/slow_growing.py',
      '',
      'Jobs/Slow_Growing.py',
    ];
    assert.deepEqual(matchScriptPath(candidates, posix), []);
  });

  it('resolves .. inside a recorded relative path', () => {
    assert.deepEqual(matchScriptPath(['tools/../jobs/slow_growing.py'], posix), [
      { scriptPath: 'tools/../jobs/slow_growing.py', kind: 'workspace' },
    ]);
  });

  it('matches Windows paths with either separator, any drive-letter case and case-insensitively', () => {
    const windows = {
      file: 'C:\\Users\\Ana\\Proj\\jobs\\flaky.py',
      workspaceFolders: ['c:\\Users\\Ana\\Proj'],
      ignoreCase: true,
    };
    const candidates = [
      'jobs\\flaky.py',
      'C:/Users/Ana/Proj/jobs/flaky.py',
      'JOBS/FLAKY.PY',
      'c:\\users\\ana\\proj\\jobs\\flaky.py',
      'flaky.py',
    ];
    assert.deepEqual(matchScriptPath(candidates, windows), [
      { scriptPath: 'C:/Users/Ana/Proj/jobs/flaky.py', kind: 'absolute' },
      { scriptPath: 'c:\\users\\ana\\proj\\jobs\\flaky.py', kind: 'absolute' },
      { scriptPath: 'jobs\\flaky.py', kind: 'workspace' },
      { scriptPath: 'JOBS/FLAKY.PY', kind: 'workspace' },
      { scriptPath: 'flaky.py', kind: 'name' },
    ]);
  });

  it('finds workspace-relative runs of a file in any folder of a multi-root workspace', () => {
    const context = { file: '/b/tools/x.py', workspaceFolders: ['/a', '/b'], ignoreCase: false };
    assert.deepEqual(matchScriptPath(['tools/x.py'], context), [{ scriptPath: 'tools/x.py', kind: 'workspace' }]);
  });

  it('matches nothing for an empty file path', () => {
    assert.deepEqual(matchScriptPath(['x.py'], { file: '', workspaceFolders: [] }), []);
  });
});

describe('normalizePath', () => {
  it('writes every path with / and without . or .. segments', () => {
    assert.equal(normalizePath('./jobs//x.py'), 'jobs/x.py');
    assert.equal(normalizePath('jobs\\sub\\..\\x.py'), 'jobs/x.py');
    assert.equal(normalizePath('/a/./b/../c.py'), '/a/c.py');
    assert.equal(normalizePath('C:\\a\\b.py'), 'c:/a/b.py');
    assert.equal(normalizePath('/../x.py'), '/x.py');
  });
});

describe('workspaceRelativePath', () => {
  it('gives the path the recorder stores: relative to the folder holding the file, with /', () => {
    assert.deepEqual(workspaceRelativePath('/home/ana/proj/jobs/flaky.py', ['/home/ana/proj'], false), {
      folder: '/home/ana/proj',
      relativePath: 'jobs/flaky.py',
    });
    assert.deepEqual(workspaceRelativePath('C:\\Proj\\Jobs\\Flaky.py', ['c:\\proj'], true), {
      folder: 'c:\\proj',
      relativePath: 'Jobs/Flaky.py',
    });
  });

  it('picks the innermost folder of nested workspace folders', () => {
    assert.deepEqual(workspaceRelativePath('/w/inner/x.py', ['/w', '/w/inner'], false)?.relativePath, 'x.py');
  });

  it('is undefined for a file outside every folder, or a folder name that is only a prefix', () => {
    assert.equal(workspaceRelativePath('/elsewhere/x.py', ['/home/ana/proj'], false), undefined);
    assert.equal(workspaceRelativePath('/home/ana/project2/x.py', ['/home/ana/proj'], false), undefined);
  });
});
