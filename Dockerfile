# Build and run FraudWatch; used by docker-compose.yml. The image needs no PostgreSQL: compose provides it.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in its own layer: only the project and props files, so a code change does not download packages again.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/FraudWatch/FraudWatch.csproj src/FraudWatch/
COPY src/FraudWatch.Detection/FraudWatch.Detection.csproj src/FraudWatch.Detection/
RUN dotnet restore src/FraudWatch/FraudWatch.csproj
COPY src/ src/
COPY templates/ templates/
RUN dotnet publish src/FraudWatch/FraudWatch.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# Tesseract reads the text in screenshots residents send (OCR); without it the bot asks for the number as text.
# Installed before the app is copied, so this layer stays cached across releases.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV Urls=http://0.0.0.0:5080
EXPOSE 5080
USER app
# The program asks its own /health/ready (database reachable, Telegram or dry-run): no curl needed in the image.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["dotnet", "FraudWatch.dll", "--health"]
ENTRYPOINT ["dotnet", "FraudWatch.dll"]
