// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// Minimal ERC-20 for the local chain (pUSD and USDC.e), 6 decimals like both on Polygon.
/// Minters (the collateral ramp, the local admin) mint and burn. The admin may also set an allowance on
/// someone's behalf: a test-chain convenience so the local exchange's funding route can approve without the
/// holder's key; production tokens have no such function.
contract TestToken {
    string public name;
    string public symbol;
    uint8 public constant decimals = 6;
    uint256 public totalSupply;
    address public admin;
    mapping(address => bool) public minters;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function initialize(string calldata name_, string calldata symbol_, address admin_) external {
        require(admin == address(0), "initialized");
        name = name_;
        symbol = symbol_;
        admin = admin_;
        minters[admin_] = true;
    }

    function setMinter(address who, bool allowed) external {
        require(msg.sender == admin, "only admin");
        minters[who] = allowed;
    }

    function mint(address to, uint256 amount) external {
        require(minters[msg.sender], "only minter");
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function burn(address from, uint256 amount) external {
        require(minters[msg.sender], "only minter");
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        totalSupply -= amount;
        emit Transfer(from, address(0), amount);
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function adminApprove(address owner, address spender, uint256 amount) external {
        require(msg.sender == admin, "only admin");
        allowance[owner][spender] = amount;
        emit Approval(owner, spender, amount);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= amount, "allowance");
            allowance[from][msg.sender] = allowed - amount;
        }
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) internal {
        require(balanceOf[from] >= amount, "balance");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
