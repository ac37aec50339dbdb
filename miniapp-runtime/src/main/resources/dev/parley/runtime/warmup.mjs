// Trusted warm-up code run once when a runtime starts, on a shallow stack: it initializes the
// language's classes (so that no app can make a class initializer fail by overflowing the
// stack) and gives the engine a first taste of common built-ins.
export function warm(event, ctx) {
  const out = {};
  const a = [3, 1, 2].map(x => x * 2).filter(x => x > 1).sort((x, y) => x - y);
  out.a = a.reduce((s, x) => s + x, 0) + a.indexOf(4) + [...a].reverse().join(',').length;
  const s = 'Hello, ' + ctx.userId + ' ' + JSON.stringify(event);
  out.s = s.toUpperCase().toLowerCase().replace(/l+/g, 'L').split(',').concat(['x']).join('|')
      .padStart(5).trim().slice(1, 4) + s.includes('o') + s.startsWith('H') + s.charCodeAt(0)
      + `${s.length}` + s.normalize('NFC').localeCompare('b') + encodeURIComponent(s).length;
  const m = new Map([[1, 'a']]); m.set(2, 'b');
  const st = new Set([1, 2, 2]);
  out.m = m.size + st.size + [...m.keys()].length + Object.keys({x: 1, y: 2}).length
      + Object.entries({x: 1}).length + Object.assign({}, {z: 1}).z;
  const { x = 1, ...rest } = { y: 2, z: 3 };
  out.d = x + Object.values(rest).length;
  class A { constructor(v) { this.v = v; } get w() { return this.v; } static of(v) { return new A(v); } }
  class B extends A { get w() { return super.w + 1; } }
  out.c = B.of(1).w + new B(2).w;
  function* g() { yield 1; yield 2; }
  out.g = [...g()].length;
  out.n = Math.max(1, 2) + Math.floor(2.5) + Number('42') + parseInt('7', 10) + parseFloat('1.5')
      + (12.345).toFixed(1).length + Number.isInteger(3) + (10n ** 3n === 1000n);
  out.t = new Uint8Array(8).fill(1).length + new Float64Array([1.5]).length
      + new DataView(new ArrayBuffer(8)).byteLength;
  out.r = /(\d+)-(\w+)/.exec('12-ab')[2] + 'a1b2'.match(/\d/g).length;
  out.j = JSON.parse(JSON.stringify({ k: [1, { v: null }], s: 'x' })).k.length;
  out.date = typeof new Date(0).toISOString();
  out.sym = typeof Symbol('x').toString();
  out.p = typeof new Proxy({}, { get: () => 1 }).anything;
  out.rf = Reflect.ownKeys({ a: 1 }).length;
  try { null.x; } catch (e) { out.e = e instanceof TypeError; }
  try { throw new RangeError('r'); } catch (e) { out.e2 = String(e).length + e.stack.length; }
  const w = new WeakMap(); w.set(out, 1);
  out.json = JSON.stringify(out).length;
  return (async () => { const v = await Promise.resolve(out); await Promise.all([1, 2]); return v; })();
}
