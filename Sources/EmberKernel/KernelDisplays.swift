// Pictures and live displays in a notebook: a picture is display_data with `image/png` (scaled
// up, nearest neighbour, so that a 28 × 28 digit is plain to see) beside its text, a displayed
// value's execute_result gains the value's pixels and HTML, and training progress is one display
// updated in place.

import EmberShell
import Foundation

extension KernelOutput {
    /// display_data for a picture of the shell.
    func picture(_ picture: ShellPicture) {
        guard !silent else { return }
        publish("display_data", ["data": bundle(picture), "metadata": [:] as JSONObject], parent)
    }

    /// The MIME bundle of a picture: `text/plain` always, `image/png` and `text/html` when it has them.
    func bundle(_ picture: ShellPicture) -> JSONObject {
        var data: JSONObject = ["text/plain": picture.text]
        if let raster = picture.raster {
            do {
                data["image/png"] = Data(try PNGEncoder.encode(raster.scaled(by: KernelOutput.scale(raster))))
                    .base64EncodedString()
            } catch {
                KernelLog.write("could not encode a picture: \(error)")
            }
        }
        if let html = picture.html { data["text/html"] = html }
        return data
    }

    /// The nearest-neighbour factor that brings a small picture to about 480 pixels on its
    /// longer side, at most eight times its size.
    static func scale(_ raster: Raster) -> Int {
        max(1, min(8, 480 / max(raster.width, raster.height)))
    }

    /// Training progress: the first line opens a display, later lines update it in place, nil
    /// closes it (the next training opens a new one).
    func progress(_ line: String?) {
        guard !silent else { return }
        guard let line else {
            progressDisplay = nil
            return
        }
        let id = progressDisplay ?? UUID().uuidString.lowercased()
        let content: JSONObject = [
            "data": ["text/plain": line, "text/html": "<pre>\(escapeHTML(line))</pre>"], "metadata": [:] as JSONObject,
            "transient": ["display_id": id],
        ]
        publish(progressDisplay == nil ? "display_data" : "update_display_data", content, parent)
        progressDisplay = id
    }
}
