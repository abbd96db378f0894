import Ember
import Foundation

/// What the rendering tests share: where the MNIST files are, and the text of a thrown error.
enum RenderingFixtures {
    /// The shared MNIST folder: `../shared/datasets/mnist` beside the project, or
    /// `$EMBER_SHARED_DATASETS/mnist`.
    static var mnistDirectory: String {
        if let override = ProcessInfo.processInfo.environment["EMBER_SHARED_DATASETS"] {
            return override + "/mnist"
        }
        let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return projectRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets/mnist").path
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
