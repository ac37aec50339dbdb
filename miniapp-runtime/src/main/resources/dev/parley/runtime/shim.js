// The host side of every sandbox, evaluated (trusted) before the app's module. It captures the
// built-ins it needs so that an app changing its own globals cannot break the bridge, removes
// globals that have no business in a sandbox, defines the frozen `parley` object, and returns
// the functions the runtime calls. hostCall and settle are host functions closed over here and
// never reachable from app code.
//
// Results and host-call arguments are turned into JSON here, with their size bounded while the text
// is built: a value far over the limit (a string of hundreds of megabytes) is never copied, because
// copying it happens inside the engine's built-ins where an interrupt cannot land.
(function (hostCall, settle, capabilitiesJson, maxResultChars, maxArgumentsChars) {
  'use strict';
  const G = globalThis;
  const JSONparse = JSON.parse;
  const JSONstringify = JSON.stringify;
  const PromiseCtor = Promise;
  const promiseThen = Promise.prototype.then;
  const promiseResolve = Promise.resolve;
  const ReflectApply = Reflect.apply;
  const ArrayIsArray = Array.isArray;
  const ObjectFreeze = Object.freeze;
  const ObjectKeys = Object.keys;
  const ObjectDefineProperty = Object.defineProperty;
  const StringCtor = String;
  const stringSlice = String.prototype.slice;
  const stringSplit = String.prototype.split;
  const arrayPush = Array.prototype.push;
  const MapCtor = Map;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  const mapClear = Map.prototype.clear;
  const WeakSetCtor = WeakSet;
  const weakHas = WeakSet.prototype.has;
  const weakAdd = WeakSet.prototype.add;
  const TypeErrorCtor = TypeError;

  for (const k of ['Java', 'Packages', 'java', 'javax', 'javafx', 'com', 'org', 'edu', 'Polyglot',
      'Graal', 'load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'exit', 'read',
      'readbuffer', 'readline', 'SharedArrayBuffer', 'Atomics']) {
    try { delete G[k]; } catch (e) { /* not configurable: leave it */ }
  }

  class ParleyError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'ParleyError';
      this.code = code;
    }
  }
  ObjectFreeze(ParleyError.prototype);
  ObjectFreeze(ParleyError);

  const refused = new WeakSetCtor();
  const pending = new MapCtor();

  function slice(s, n) {
    return s.length > n ? ReflectApply(stringSlice, s, [0, n]) + '...' : s;
  }

  // Thrown by the replacer of bounded() when the JSON would be over its limit; never reaches apps.
  const TOO_LARGE = ObjectFreeze({});

  // JSON.stringify(v), or TOO_LARGE thrown as soon as the keys and strings seen pass max characters
  // (so the text is never built). The replacer sees each value after toJSON, exactly what is written.
  function bounded(v, max) {
    let size = 0;
    const s = JSONstringify(v, function (key, value) {
      size += key.length + 4;
      if (typeof value === 'string') size += value.length;
      if (size > max) throw TOO_LARGE;
      return value;
    });
    if (typeof s === 'string' && s.length > max) throw TOO_LARGE;
    return s;
  }

  function call(name, args) {
    return new PromiseCtor(function (resolve, reject) {
      let json;
      if (args === undefined) {
        json = '{}';
      } else if (args === null || typeof args !== 'object' || ArrayIsArray(args)) {
        reject(new ParleyError('invalid', 'the arguments of ' + StringCtor(name) + ' must be an object'));
        return;
      } else {
        try {
          json = bounded(args, maxArgumentsChars);
        } catch (e) {
          reject(e === TOO_LARGE
            ? new ParleyError('invalid', 'the arguments of ' + StringCtor(name) + ' are larger than '
              + maxArgumentsChars + ' characters as JSON')
            : e);
          return;
        }
      }
      const r = hostCall(StringCtor(name), json);
      if (typeof r === 'number') {
        ReflectApply(mapSet, pending, [r, [resolve, reject]]);
      } else {
        reject(new ParleyError('invalid', r));
      }
    });
  }

  const parley = { call: call };
  const groups = [];
  for (const capability of JSONparse(capabilitiesJson)) {
    const parts = ReflectApply(stringSplit, capability, ['.']);
    let o = parley;
    for (let i = 0; i < parts.length - 1; i++) {
      if (o[parts[i]] === undefined) {
        o[parts[i]] = {};
        ReflectApply(arrayPush, groups, [o[parts[i]]]);
      }
      o = o[parts[i]];
    }
    o[parts[parts.length - 1]] = function (args) { return call(capability, args); };
  }
  for (const g of groups) ObjectFreeze(g);
  ObjectFreeze(parley);
  ObjectDefineProperty(G, 'parley', { value: parley, writable: false, configurable: false, enumerable: false });
  ObjectDefineProperty(G, 'ParleyError', { value: ParleyError, writable: false, configurable: false, enumerable: false });

  // atob and btoa as in browsers (binary strings of Latin-1 characters), for the base64 of files
  // (parley.files.read answers it, parley.files.create takes it): the sandbox has no web APIs.
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const charCodeAt = String.prototype.charCodeAt;
  const fromCharCode = String.fromCharCode;
  const arrayJoin = Array.prototype.join;
  function btoa(input) {
    const s = StringCtor(input);
    const out = [];
    for (let i = 0; i < s.length; i += 3) {
      const a = ReflectApply(charCodeAt, s, [i]);
      const b = i + 1 < s.length ? ReflectApply(charCodeAt, s, [i + 1]) : 0;
      const c = i + 2 < s.length ? ReflectApply(charCodeAt, s, [i + 2]) : 0;
      if (a > 255 || b > 255 || c > 255) throw new TypeError('btoa: the string has characters outside Latin-1');
      const n = (a << 16) | (b << 8) | c;
      ReflectApply(arrayPush, out, [B64[(n >> 18) & 63] + B64[(n >> 12) & 63]
        + (i + 1 < s.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < s.length ? B64[n & 63] : '=')]);
    }
    return ReflectApply(arrayJoin, out, ['']);
  }
  const B64_VALUE = new MapCtor();
  for (let i = 0; i < 64; i++) ReflectApply(mapSet, B64_VALUE, [B64[i], i]);
  function atob(input) {
    let s = StringCtor(input);
    let clean = '';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch !== ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t') clean += ch;
    }
    if (clean.length % 4 === 0 && clean.length > 0 && clean[clean.length - 1] === '=') {
      clean = ReflectApply(stringSlice, clean, [0, clean[clean.length - 2] === '=' ? -2 : -1]);
    }
    if (clean.length % 4 === 1) throw new TypeError('atob: not base64');
    const out = [];
    let bits = 0;
    let n = 0;
    for (let i = 0; i < clean.length; i++) {
      const v = ReflectApply(mapGet, B64_VALUE, [clean[i]]);
      if (v === undefined) throw new TypeError('atob: not base64');
      n = (n << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        ReflectApply(arrayPush, out, [fromCharCode((n >> bits) & 255)]);
      }
    }
    return ReflectApply(arrayJoin, out, ['']);
  }
  ObjectDefineProperty(G, 'atob', { value: atob, writable: false, configurable: false, enumerable: false });
  ObjectDefineProperty(G, 'btoa', { value: btoa, writable: false, configurable: false, enumerable: false });

  function describe(e) {
    let name = 'Error';
    let message = '';
    let stack = '';
    let isRefused = false;
    try {
      if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
        isRefused = ReflectApply(weakHas, refused, [e]);
        name = StringCtor(e.name);
        message = StringCtor(e.message);
        const s = e.stack;
        stack = typeof s === 'string' ? s : '';
      } else {
        name = 'Thrown';
        message = StringCtor(e);
      }
    } catch (x) {
      message = 'an error that cannot be described';
    }
    return JSONstringify({ name: slice(name, 200), message: slice(message, 2000), stack: slice(stack, 8000), refused: isRefused });
  }

  function out(v) {
    if (v === undefined) {
      return 'R{}';
    }
    if (v === null || typeof v !== 'object' || ArrayIsArray(v)) {
      const kind = v === null ? 'null' : ArrayIsArray(v) ? 'an array' : typeof v;
      return 'E' + describe(new TypeErrorCtor('a handler must return an object or nothing, not ' + kind));
    }
    let s;
    try {
      s = bounded(v, maxResultChars);
    } catch (e) {
      return e === TOO_LARGE ? 'L' : 'E' + describe(e);
    }
    if (typeof s !== 'string') {
      return 'E' + describe(new TypeErrorCtor('the result cannot be turned into JSON'));
    }
    return 'R' + s;
  }

  let ns = null;
  return {
    bind(namespace) {
      ns = namespace;
      const names = [];
      for (const k of ObjectKeys(namespace)) {
        if (typeof namespace[k] === 'function') ReflectApply(arrayPush, names, [k]);
      }
      return JSONstringify(names);
    },
    invoke(name, eventJson, contextJson) {
      ReflectApply(mapClear, pending, []);
      const fn = ns[name];
      if (typeof fn !== 'function') {
        return 'U';
      }
      let r;
      try {
        r = fn(JSONparse(eventJson), ObjectFreeze(JSONparse(contextJson)));
      } catch (e) {
        return 'E' + describe(e);
      }
      if (r !== null && (typeof r === 'object' || typeof r === 'function')) {
        let then;
        try {
          then = r.then;
        } catch (e) {
          return 'E' + describe(e);
        }
        if (typeof then === 'function') {
          const p = ReflectApply(promiseResolve, PromiseCtor, [r]);
          ReflectApply(promiseThen, p, [function (v) { settle(out(v)); }, function (e) { settle('E' + describe(e)); }]);
          return 'P';
        }
      }
      return out(r);
    },
    deliver(id, ok, payload, code) {
      const p = ReflectApply(mapGet, pending, [id]);
      if (p === undefined) {
        return;
      }
      ReflectApply(mapDelete, pending, [id]);
      if (ok) {
        p[0](JSONparse(payload));
      } else {
        const e = new ParleyError(code, payload);
        if (code === 'refused') ReflectApply(weakAdd, refused, [e]);
        p[1](e);
      }
    }
  };
})
