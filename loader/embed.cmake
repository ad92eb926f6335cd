# embed.cmake -- turn loader/data/*.txt into C strings (run by the kgl build):
# cmake -DOUT=file.c -DINPUTS="name=path;name=path" -P embed.cmake
set(code "/* generated from loader/data by loader/embed.cmake: do not edit */\n")
foreach(pair ${INPUTS})
  string(REPLACE "=" ";" kv "${pair}")
  list(GET kv 0 name)
  list(GET kv 1 path)
  file(READ "${path}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(APPEND code "const char ${name}[] = {${hex} 0x00};\n")
endforeach()
file(WRITE "${OUT}" "${code}")
