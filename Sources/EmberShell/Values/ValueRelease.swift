// Freeing values without recursion. Swift frees a list inside a list inside a list by
// recursing once per level, so a list nested 50,000 deep would exhaust the native stack when
// its last reference goes. Containers and scopes instead hand what they hold to
// `releaseIteratively`, which takes nested containers apart with a stack of its own.

/// Drops `values`, taking apart every list, tuple and dictionary that nothing else holds, one
/// level at a time, so that no release recurses deeper than one container.
func releaseIteratively(_ values: inout [Value]) {
    guard !values.isEmpty else { return }
    var pending: [Value] = []
    swap(&pending, &values)
    while let value = pending.popLast() {
        // Consumed, so that the containers below are the only references this walk holds.
        var held = HeldContainers(consume value)
        // A list that something else holds stays as it is; one that only this walk holds gives
        // up its items to the walk before it is freed, so freeing it frees nothing more.
        if isKnownUniquelyReferenced(&held.list), let list = held.list {
            pending += list.items
            list.items.removeAll()
        }
        if isKnownUniquelyReferenced(&held.dictionary), let dictionary = held.dictionary {
            for entry in dictionary.entries { pending += [entry.key, entry.value] }
            dictionary.entries.removeAll()
        }
        // A tuple's array held nowhere else gives up its items too; a shared one is left whole,
        // so that dropping a tuple inside a deep chain of tuples does not walk the chain.
        if !held.tuple.isEmpty, isUniquelyHeld(&held.tuple) {
            pending += held.tuple
            held.tuple.removeAll()
        }
    }
}

/// Whether nothing else shares the storage of `items`. Reading the address never copies; a
/// mutable access copies only shared storage, so a moved address means the storage was shared
/// (and `items` now holds a copy of that one level).
private func isUniquelyHeld(_ items: inout [Value]) -> Bool {
    let before = items.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    let after = items.withUnsafeMutableBufferPointer { UnsafeRawPointer($0.baseAddress) }
    return before == after
}

/// The container a value was, taken out of it; the value itself is gone, so a uniqueness
/// check sees only the references held elsewhere.
private struct HeldContainers {
    var list: ListStorage?
    var dictionary: DictionaryStorage?
    var tuple: [Value] = []

    init(_ value: consuming Value) {
        switch value {
        case .list(let storage): list = storage
        case .dictionary(let storage): dictionary = storage
        case .tuple(let items): tuple = items
        default: break
        }
    }
}

/// Drops `value` as `releaseIteratively` drops a list of values.
func releaseIteratively(_ value: inout Value?) {
    // Moved into the array before `value` lets go, so the array holds the only reference.
    var values = value.map { [$0] } ?? []
    value = nil
    releaseIteratively(&values)
}
