import Ember
import Foundation

/// What the rendering tests share: where the MNIST files are, and the text of a thrown error.
enum RenderingFixtures {
    /// MNIST's test split, shipped in the project's `datasets/mnist/`.
    static var mnistDirectory: String {
        let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return projectRoot.appendingPathComponent("datasets/mnist").path
    }

    /// The message of the `EmberError` that `body` throws, or nil when it throws nothing (or
    /// something else).
    static func errorText(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as EmberError {
            return error.description
        } catch {
            return nil
        }
    }
}
