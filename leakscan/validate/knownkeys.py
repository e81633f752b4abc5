"""Published private keys, by their Ethereum address: reported at info with ``known_public``.

Everyone has these keys: the default accounts of Hardhat and Anvil (one published
mnemonic, ``test test … junk``) and of Ganache's deterministic mode, the default
sender of the Ethereum test suites and the example key of the Gluwa API document.
A fresh project from a dapp template commits them in its config; blocking on them
would teach users to switch the hook off.  Matched by derived address only: no key
bytes are stored here.  tests/validate/test_knownkeys.py re-derives every dev-chain
address from its mnemonic.
"""

from __future__ import annotations

HARDHAT_MNEMONIC_WORDS = "test test test test test test test test test test test junk"
GANACHE_MNEMONIC_WORDS = "myth like bonus scare over problem client lizard pioneer submit female collect"

PUBLISHED: dict[str, str] = {
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266": "Hardhat/Anvil default account #0",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": "Hardhat/Anvil default account #1",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC": "Hardhat/Anvil default account #2",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906": "Hardhat/Anvil default account #3",
    "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65": "Hardhat/Anvil default account #4",
    "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc": "Hardhat/Anvil default account #5",
    "0x976EA74026E726554dB657fA54763abd0C3a0aa9": "Hardhat/Anvil default account #6",
    "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955": "Hardhat/Anvil default account #7",
    "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f": "Hardhat/Anvil default account #8",
    "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720": "Hardhat/Anvil default account #9",
    "0xBcd4042DE499D14e55001CcbB24a551F3b954096": "Hardhat/Anvil default account #10",
    "0x71bE63f3384f5fb98995898A86B02Fb2426c5788": "Hardhat/Anvil default account #11",
    "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a": "Hardhat/Anvil default account #12",
    "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec": "Hardhat/Anvil default account #13",
    "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097": "Hardhat/Anvil default account #14",
    "0xcd3B766CCDd6AE721141F452C550Ca635964ce71": "Hardhat/Anvil default account #15",
    "0x2546BcD3c84621e976D8185a91A922aE77ECEc30": "Hardhat/Anvil default account #16",
    "0xbDA5747bFD65F08deb54cb465eB87D40e51B197E": "Hardhat/Anvil default account #17",
    "0xdD2FD4581271e230360230F9337D5c0430Bf44C0": "Hardhat/Anvil default account #18",
    "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199": "Hardhat/Anvil default account #19",
    "0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1": "Ganache deterministic account #0",
    "0xFFcf8FDEE72ac11b5c542428B35EEF5769C409f0": "Ganache deterministic account #1",
    "0x22d491Bde2303f2f43325b2108D26f1eAbA1e32b": "Ganache deterministic account #2",
    "0xE11BA2b4D45Eaed5996Cd0823791E0C93114882d": "Ganache deterministic account #3",
    "0xd03ea8624C8C5987235048901fB614fDcA89b117": "Ganache deterministic account #4",
    "0x95cED938F7991cd0dFcb48F0a06a40FA1aF46EBC": "Ganache deterministic account #5",
    "0x3E5e9111Ae8eB78Fe1CC3bb8915d5D461F3Ef9A9": "Ganache deterministic account #6",
    "0x28a8746e75304c0780E011BEd21C72cD78cd535E": "Ganache deterministic account #7",
    "0xACa94ef8bD5ffEE41947b4585a84BdA5a3d3DA6E": "Ganache deterministic account #8",
    "0x1dF62f291b2E969fB0849d99D9Ce41e2F137006e": "Ganache deterministic account #9",
    "0xa94f5374Fce5edBC8E2a8697C15331677e6EbF0B": "ethereum/tests default transaction sender",
    "0x3E6d16c11497aD1A2F47a6594d995f1FaaE727d9": "example key of the Gluwa API document",
}
_BY_LOWER = {address.lower().removeprefix("0x"): where for address, where in PUBLISHED.items()}


def published(address_hex: str) -> str | None:
    """Where the key of this address (40 hex digits, any case, optional 0x) is published, or None."""
    return _BY_LOWER.get(address_hex.lower().removeprefix("0x"))
