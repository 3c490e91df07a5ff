import XCTest
@testable import AttnPython

final class ModuleTests: XCTestCase {
    func testTheModuleIsBuilt() {
        XCTAssertEqual(String(describing: AttnPython.self), "AttnPython")
    }
}
