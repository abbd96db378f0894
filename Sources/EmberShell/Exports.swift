// The shell exposes the whole library to whoever uses it.
@_exported import Ember
