// Nights logged with the network off, kept in this browser (IndexedDB) until they are sent
// (docs/design.md §10.3). Shared by the pages (offline.js) and the service worker (sw.js),
// so both read and write the same store the same way. One night per account and morning: a
// second offline save of the same morning replaces the first, never doubles it.
(function (scope) {
  "use strict";
  var NAME = "sleep-offline";
  var STORE = "nights";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  scope.SleepQueue = {
    keyFor: function (account, date) { return account + ":" + date; },
    all: function () { return run("readonly", function (store) { return store.getAll(); }); },
    get: function (key) { return run("readonly", function (store) { return store.get(key); }); },
    put: function (night) { return run("readwrite", function (store) { store.put(night); }); },
    remove: function (key) { return run("readwrite", function (store) { store.delete(key); }); },
    clear: function () { return run("readwrite", function (store) { store.clear(); }); },
  };
})(self);
