// `ember replay --ipynb FILE` writes a session as a Jupyter notebook; `ember replay NOTEBOOK.ipynb`
// runs a notebook's code cells as a session, `--check` compares the outputs with those it
// recorded, and `--update` records them anew.

import ArgumentParser
import EmberKernel
import EmberShell
import Foundation

extension Replay {
    func replayNotebook() throws {
        let isNotebook = file.hasSuffix(".ipynb")
        let sessionFile: SessionFile
        do {
            sessionFile = isNotebook ? try NotebookReader.session(path: file) : try SessionFile(path: file)
        } catch {
            FileHandle.standardError.write(Data("ember: \(error)\n".utf8))
            throw ExitCode(1)
        }
        Interrupt.installHandler()
        guard isNotebook, check || update else {
            if ipynb {
                let (text, failures) = NotebookWriter.notebook(of: sessionFile, seed: seed)
                FileHandle.standardOutput.write(Data(text.utf8))
                if failures > 0 { throw ExitCode(1) }
                return
            }
            let replayer = Replayer(file: sessionFile, style: .detect(), stable: false, isTerminal: isatty(1) == 1)
            if replayer.replay(seed: seed, write: { FileHandle.standardOutput.write(Data($0.utf8)) }) > 0 {
                throw ExitCode(1)
            }
            return
        }
        try checkNotebook(sessionFile)
    }

    /// `--check` and `--update` of a notebook: its recorded outputs against a new run.
    private func checkNotebook(_ sessionFile: SessionFile) throws {
        let (text, _) = NotebookWriter.notebook(of: sessionFile, seed: seed)
        if update {
            try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            print("Updated the outputs of \(file)")
            return
        }
        let expected = try NotebookReader.transcript(path: file)
        let actual = try NotebookReader.transcript(text: text, path: file)
        if let report = transcriptMismatch(
            expected: expected, actual: actual, comparison: comparison ?? .standard,
            variations: sessionFile.cells.map { CellVariation.declared(in: $0.commentary) },
            expectedName: file, actualName: "replay of \(file)")
        {
            print(report)
            throw ExitCode(1)
        }
        print("\(file): the replay matches the notebook's outputs")
    }
}
