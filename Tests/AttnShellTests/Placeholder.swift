import XCTest

final class AttnShellTestsPlaceholder: XCTestCase {}
