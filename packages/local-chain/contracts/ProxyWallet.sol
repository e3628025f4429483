// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// Polymarket's proxy wallets (signature type 1), minimal, with the ABI surface of Polymarket/proxy-factories
/// (`ProxyWalletFactory`, `ProxyWallet`) and of the GSN v1 `RelayHub` Polymarket's relayer sends them through.
///
/// - `ProxyWalletFactory.proxy(ProxyCall[] calls)` runs the calls from the caller's own wallet, created on first
///   use at a CREATE2 address keyed by the owner (salt keccak256(abi.encodePacked(owner))). The caller is
///   `msg.sender`, or — when the RelayHub calls — the `from` the hub appended to the calldata (GSNRecipient's
///   `_msgSender`). The wallet's owner is the factory: only the factory runs calls on it.
/// - `RelayHub.relayCall` checks the owner's eth_sign signature of keccak256("rlx:" ‖ from ‖ to ‖ data ‖ fee ‖
///   gasPrice ‖ gasLimit ‖ nonce ‖ hub ‖ relay) (relay = the sending account) and the hub's nonce for `from`,
///   which it increments: a signed relay request runs at most once. As in GSN v1, a reverting recipient call
///   does not revert `relayCall`: `TransactionRelayed` carries status 1 (RelayedCallFailed) and the nonce is spent.
/// Not modelled: relay registration and stakes, recipient deposits and fee charging, `acceptRelayedCall`,
/// delegate calls (typeCode 2).
struct ProxyCall {
    uint8 typeCode;
    address to;
    uint256 value;
    bytes data;
}

contract ProxyWallet {
    address public owner;

    function initialize() external {
        require(owner == address(0), "already initialized");
        owner = msg.sender;
    }

    receive() external payable {}

    function proxy(ProxyCall[] calldata calls) external payable returns (bytes[] memory returnValues) {
        require(msg.sender == owner, "must be called be owner");
        returnValues = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            require(calls[i].typeCode == 1, "only CALL is modelled");
            (bool ok, bytes memory ret) = calls[i].to.call{value: calls[i].value}(calls[i].data);
            if (!ok) {
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
            returnValues[i] = ret;
        }
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155BatchReceived.selector;
    }
}

contract ProxyWalletFactory {
    /// Installed with `anvil_setCode` (no constructor): `initialize` sets the hub once.
    address internal relayHub;

    function initialize(address hub) external {
        require(relayHub == address(0), "already initialized");
        relayHub = hub;
    }

    function getHubAddr() external view returns (address) {
        return relayHub;
    }

    /// keccak256 of the wallet's creation code: with the factory and the owner's salt it gives the wallet's address.
    function initCodeHash() public pure returns (bytes32) {
        return keccak256(type(ProxyWallet).creationCode);
    }

    function walletOf(address owner) public view returns (address) {
        bytes32 salt = keccak256(abi.encodePacked(owner));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash())))));
    }

    function proxy(ProxyCall[] calldata calls) external payable returns (bytes[] memory) {
        address sender = _msgSender();
        address wallet = walletOf(sender);
        if (wallet.code.length == 0) {
            ProxyWallet made = new ProxyWallet{salt: keccak256(abi.encodePacked(sender))}();
            made.initialize();
        }
        return ProxyWallet(payable(wallet)).proxy{value: msg.value}(calls);
    }

    function _msgSender() internal view returns (address sender) {
        if (msg.sender != relayHub) return msg.sender;
        assembly {
            sender := shr(96, calldataload(sub(calldatasize(), 20)))
        }
    }
}

contract RelayHub {
    mapping(address => uint256) internal nonces;

    event TransactionRelayed(address indexed relay, address indexed from, address indexed to, bytes4 selector, uint8 status, uint256 charge);

    function getNonce(address from) external view returns (uint256) {
        return nonces[from];
    }

    function relayCall(
        address from,
        address recipient,
        bytes calldata encodedFunction,
        uint256 transactionFee,
        uint256 gasPrice,
        uint256 gasLimit,
        uint256 nonce,
        bytes memory signature,
        bytes memory /* approvalData */
    ) external {
        require(gasPrice <= tx.gasprice, "Invalid gas price");
        require(nonces[from] == nonce, "Wrong nonce");
        {
            bytes32 hash = keccak256(abi.encodePacked("rlx:", from, recipient, encodedFunction, transactionFee, gasPrice, gasLimit, nonce, address(this), msg.sender));
            require(_recover(keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", hash)), signature) == from, "Invalid signature");
        }
        require(gasleft() >= gasLimit, "Not enough gasleft");
        nonces[from] = nonce + 1;
        _call(from, recipient, encodedFunction, gasLimit);
    }

    function _call(address from, address recipient, bytes calldata encodedFunction, uint256 gasLimit) internal {
        (bool ok, ) = recipient.call{gas: gasLimit}(abi.encodePacked(encodedFunction, from));
        emit TransactionRelayed(msg.sender, from, recipient, bytes4(encodedFunction[0:4]), ok ? 0 : 1, 0);
    }

    function _recover(bytes32 digest, bytes memory sig) internal pure returns (address) {
        if (sig.length != 65) return address(0);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        if (v < 27) v += 27;
        return ecrecover(digest, v, r, s);
    }
}
